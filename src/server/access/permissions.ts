/**
 * What a caller may do. Every API route declares one of these (or `public`, `signed-in`,
 * `second-factor`, `enrol` for the steps of signing in); a role is the set it grants.
 */
export const permissions = [
  'inventory:read',
  'inventory:write',
  'vulnerabilities:read',
  'vulnerabilities:write',
  'risk:read',
  'alerts:read',
  'alerts:write',
  'audit:read',
  'users:manage',
  'tokens:manage',
  'system:read',
  'policy:read',
  'policy:write',
  'policy:approve',
  'nac:read',
  'cases:read',
  'cases:write',
  'isolation:approve',
  'evidence:export',
] as const;

export type Permission = (typeof permissions)[number];

/** Route access that is not a permission: no caller needed, any signed-in caller, or a sign-in step. */
export type Access = Permission | 'public' | 'signed-in' | 'second-factor' | 'enrol';

const reading: Permission[] = ['inventory:read', 'vulnerabilities:read', 'risk:read'];

/**
 * The roles (RBAC). Clinical engineers correct what a device is and track its patches, and see
 * the alerts about their devices; security analysts do the same and work the alerts; auditors
 * read everything including the audit log and change nothing; viewers read the inventory,
 * vulnerabilities and risk only. Security analysts generate segmentation policy and clinical
 * engineers approve it, so what can block clinical traffic passes both. Both work incident cases
 * (an incident on a clinical device needs the clinical engineer), and clinical engineers approve
 * isolating a life-sustaining device; security analysts export packets as evidence (they may
 * carry patient data); auditors read the cases. `nac` is for a network
 * access control system (Cisco ISE, Aruba ClearPass, Forescout) reading device profiles, nothing else.
 */
export const roleGrants = {
  administrator: [...permissions],
  'security-analyst': [
    ...reading,
    'inventory:write',
    'vulnerabilities:write',
    'alerts:read',
    'alerts:write',
    'system:read',
    'policy:read',
    'policy:write',
    'cases:read',
    'cases:write',
    'evidence:export',
  ],
  'clinical-engineer': [
    ...reading,
    'inventory:write',
    'vulnerabilities:write',
    'alerts:read',
    'policy:read',
    'policy:approve',
    'cases:read',
    'cases:write',
    'isolation:approve',
  ],
  auditor: [...reading, 'alerts:read', 'audit:read', 'system:read', 'policy:read', 'cases:read'],
  viewer: [...reading],
  nac: ['nac:read'],
} as const satisfies Record<string, readonly Permission[]>;

export type Role = keyof typeof roleGrants;

export const roles = Object.keys(roleGrants) as Role[];

export const roleLabels: Record<Role, string> = {
  administrator: 'administrator',
  'security-analyst': 'security analyst',
  'clinical-engineer': 'clinical engineer',
  auditor: 'auditor',
  viewer: 'viewer',
  nac: 'network access control',
};

export function isRole(value: string): value is Role {
  return Object.hasOwn(roleGrants, value);
}

export function roleGrantsPermission(role: string, permission: Permission): boolean {
  return isRole(role) && (roleGrants[role] as readonly Permission[]).includes(permission);
}

/** Roles that must use a second factor: those that can change accounts. */
export function roleNeedsSecondFactor(role: string): boolean {
  return roleGrantsPermission(role, 'users:manage');
}
