import type { Observation } from '../observe/observation.js';
import type { DeviceDraft } from './device-draft.js';
import { DraftBook } from './draft-book.js';
import { foldBuildingAutomation } from './fold-building-automation.js';
import { foldDns } from './fold-dns.js';
import { foldFlow } from './fold-flow.js';
import { foldFtp } from './fold-ftp.js';
import { foldHttpRequest, foldHttpResponse } from './fold-http.js';
import { foldArp, foldDhcp, foldDhcpv6 } from './fold-identity.js';
import { foldNbns } from './fold-nbns.js';
import { foldNeighbour } from './fold-neighbour.js';
import { foldNtp } from './fold-ntp.js';
import { foldRemoteAccess } from './fold-remote-access.js';
import { foldSmb } from './fold-smb.js';
import { foldSnmp } from './fold-snmp.js';
import { foldSsh } from './fold-ssh.js';
import { foldSyslog } from './fold-syslog.js';
import { foldTelnet } from './fold-telnet.js';
import { foldTls } from './fold-tls.js';
import type { OuiRegistry } from './oui-registry.js';

/**
 * Folds observations into per-device drafts. Every attribute keeps its source, confidence, first
 * and last seen time and the packet that first showed it; each protocol's facts are folded by a
 * function of its own (`fold-*.ts`).
 *
 * @example
 * const builder = new InventoryBuilder(OuiRegistry.load());
 * for (const observation of observations) builder.observe(observation);
 * await store.devices.merge(builder.devices(), 1000);
 */
export class InventoryBuilder {
  readonly #book: DraftBook;

  constructor(ouiRegistry: OuiRegistry) {
    this.#book = new DraftBook(ouiRegistry);
  }

  observe(observation: Observation): void {
    switch (observation.kind) {
      case 'arp.binding':
        foldArp(this.#book, observation);
        break;
      case 'dhcp.message':
        foldDhcp(this.#book, observation);
        break;
      case 'dns.message':
        foldDns(this.#book, observation);
        break;
      case 'http.request':
        foldHttpRequest(this.#book, observation);
        break;
      case 'http.response':
        foldHttpResponse(this.#book, observation);
        break;
      case 'tls.client-hello':
      case 'tls.server-hello':
      case 'tls.certificate':
        foldTls(this.#book, observation);
        break;
      case 'ssh.banner':
        foldSsh(this.#book, observation);
        break;
      case 'ftp.greeting':
      case 'ftp.login':
        foldFtp(this.#book, observation);
        break;
      case 'snmp.message':
        foldSnmp(this.#book, observation);
        break;
      case 'neighbour.advertisement':
        foldNeighbour(this.#book, observation);
        break;
      case 'syslog.message':
        foldSyslog(this.#book, observation);
        break;
      case 'ntp.message':
        foldNtp(this.#book, observation);
        break;
      case 'dhcpv6.message':
        foldDhcpv6(this.#book, observation);
        break;
      case 'smb.negotiate':
      case 'smb.host-info':
        foldSmb(this.#book, observation);
        break;
      case 'nbns.message':
        foldNbns(this.#book, observation);
        break;
      case 'telnet.banner':
      case 'telnet.login':
        foldTelnet(this.#book, observation);
        break;
      case 'rdp.negotiation':
      case 'vnc.handshake':
      case 'vnc.desktop':
        foldRemoteAccess(this.#book, observation);
        break;
      case 'modbus.message':
      case 'bacnet.message':
        foldBuildingAutomation(this.#book, observation);
        break;
      case 'flow.summary':
        foldFlow(this.#book, observation);
        break;
    }
  }

  devices(): DeviceDraft[] {
    return this.#book.devices();
  }
}
