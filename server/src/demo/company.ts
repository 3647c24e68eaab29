/**
 * The fictional company the demo runs: one name per extension, used by the simulator's FreePBX
 * `users` table and queue member names, by the demo accounts and by the on-call demo division,
 * so every screen shows the same person for the same extension.
 */

/** Extension -> the name FreePBX would show (its `users.name`). */
export const DEMO_DIRECTORY: Readonly<Record<string, string>> = {
  '1001': 'Sam Supervisor',
  '1002': 'Alex Agent',
  '1003': 'Blair Agent',
  '1004': 'Dana Whitfield',
  '1005': 'Eli Navarro',
  '1006': 'Farah Haddad',
  '1007': 'Gus Lindqvist',
  '1008': 'Hana Sato',
  '1009': 'Ivan Petrov',
  '1010': 'Jade Okafor',
  '1011': 'Kai Moreau',
  '1012': 'Lena Fischer',
  '1013': 'Marco Rossi',
  '1014': 'Nia Campbell',
  '1015': 'Omar Aziz',
  '1016': 'Priya Raman',
  '1017': 'Quinn Doyle',
  '1018': 'Rosa Alvarez',
  '1019': 'Sven Olsen',
  '1020': 'Tara Byrne',
  '1021': 'Umar Sheikh',
  '1022': 'Vera Novak',
  '1023': 'Wes Carter',
  '1024': 'Xia Chen',
  '1025': 'Yusuf Demir',
  '1026': 'Zoe Martin',
  '1027': 'Reception',
  '1028': 'Conference Room',
  '1029': 'Warehouse Desk',
  '1030': 'Ana Costa',
  '1031': 'Ben Walsh',
  '1032': 'Chloe Dubois',
  '1033': 'Dev Patel',
  '1034': 'Ella Johansson',
  '1035': 'Finn Murphy',
  '1036': 'Gia Romano',
  '1037': 'Hugo Bauer',
  '1038': 'Isla Grant',
  '1039': 'Jonas Berg',
  '1040': 'Kira Ivanova',
  '2001': 'Web Phone 1',
  '2002': 'Web Phone 2',
};

/** The name of a demo extension; a made-up extension beyond the directory still gets one. */
export function demoNameOf(extension: string): string {
  return DEMO_DIRECTORY[extension] ?? `Extension ${extension}`;
}

/** The on-call division the demo starts with: the support team, rotating weekly. */
export const DEMO_ONCALL = {
  division: 'Support after hours',
  /** Where calls go when nobody is on call: the supervisor's desk. */
  fallbackNumber: '1001',
  /** PIN every demo member uses to take the line by phone (*55); 6 digits, as a PIN-only division requires. Known on purpose: it is a demo. */
  pin: '246810',
  /** The accounts that are on the rota, in rotation order, with their extensions as the phone. */
  members: [
    { username: 'sup', extension: '1001' },
    { username: 'agent', extension: '1002' },
    { username: 'agent2', extension: '1003' },
  ],
} as const;
