import { z } from 'zod';
import { csvText } from '../../csv-text.js';
import { loadTaxonomy } from '../../inventory/classification/taxonomy.js';
import { NacProfiles } from '../../segment/nac-profile.js';
import { HttpError, notFound } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';

const macPattern = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;
const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const ipv6Pattern = /^[0-9a-f:]{2,39}$/i;

const profileQuery = z.object({
  mac: z.string().regex(macPattern, 'a MAC address such as 00:1a:01:00:00:05').optional(),
  ip: z
    .string()
    .refine(
      (ip) => ipv4Pattern.test(ip) || (ip.includes(':') && ipv6Pattern.test(ip)),
      'an IPv4 or IPv6 address',
    )
    .optional(),
});

/**
 * Device profiles for network access control, as Cisco ISE, Aruba ClearPass or Forescout poll
 * them: by MAC or IP one at a time, and every device at once as CSV. Behind `nac:read`, which the
 * `nac` role holds alone: the NAC system's token reads nothing else.
 */
export function registerNacRoutes(context: ServerContext): void {
  const { routes, store, summaries } = context;
  const profiles = new NacProfiles(store.policies, loadTaxonomy());

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/nac/profile',
      access: 'nac:read',
      tag: 'nac',
      summary:
        'One device by `mac` or `ip`: type, category, clinical function, manufacturer, model, risk level, its group in the segmentation policy (the approved one, else the latest draft), the recommended security group tag (as the ISE export numbers it) and VLAN',
      query: profileQuery,
    },
    async ({ query }) => {
      if ((query.mac === undefined) === (query.ip === undefined))
        throw new HttpError(
          400,
          'expected exactly one of mac and ip',
          query.mac === undefined ? 'mac' : 'ip',
        );
      const address =
        query.mac !== undefined
          ? { mac: query.mac.toLowerCase().replaceAll('-', ':') }
          : { ip: query.ip!.toLowerCase() };
      const summary = summaries.inventory.findByAddress(address);
      if (summary === undefined)
        throw notFound(`device with ${query.mac !== undefined ? 'MAC' : 'IP'} ${query.mac ?? query.ip}`);
      return profiles.profileOf(summary, await profiles.policyView());
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/nac/profiles.csv',
      access: 'nac:read',
      tag: 'nac',
      summary: 'Every device as CSV, MAC to group, tag and VLAN: the bulk import a NAC system takes',
      produces: 'text/csv',
    },
    async ({ reply }) => {
      const view = await profiles.policyView();
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="vigil-nac-profiles.csv"');
      const rows = (await store.summaries.all()).map((summary) => profiles.profileOf(summary, view));
      return csvText([
        [
          'mac',
          'ip',
          'device_id',
          'type',
          'category',
          'clinical_function',
          'manufacturer',
          'model',
          'risk_level',
          'group',
          'sgt',
          'vlan',
        ],
        ...rows.map((profile) => [
          profile.mac ?? '',
          profile.ip ?? '',
          profile.deviceId,
          profile.type ?? '',
          profile.category ?? '',
          profile.clinicalFunction ?? '',
          profile.manufacturer ?? '',
          profile.model ?? '',
          profile.riskLevel,
          profile.group?.id ?? '',
          profile.recommendedSgt === null ? '' : String(profile.recommendedSgt),
          String(profile.recommendedVlan),
        ]),
      ]);
    },
  );
}
