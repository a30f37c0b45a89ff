/** NetBIOS session service message types (RFC 1002 §4.3.1); SMB rides in session messages. */
export const NetbiosSessionType = {
  sessionMessage: 0x00,
  sessionRequest: 0x81,
  positiveResponse: 0x82,
  negativeResponse: 0x83,
  retargetResponse: 0x84,
  keepAlive: 0x85,
} as const;

/** SMB1 commands read here ([MS-CIFS] §2.2.2.1). */
export const Smb1Command = { negotiate: 0x72, sessionSetupAndX: 0x73 } as const;

/** SMB2 commands read here ([MS-SMB2] §2.2.1). */
export const Smb2Command = { negotiate: 0x0000, sessionSetup: 0x0001 } as const;

/** [MS-SMB2] §2.2.3: dialect revision codes and the version names Microsoft documents for them. */
export const smb2DialectNames: Readonly<Record<number, string>> = {
  514: '2.0.2',
  528: '2.1',
  546: '2.2.2',
  548: '2.2.4',
  767: '2.???',
  768: '3.0',
  770: '3.0.2',
  784: '3.1',
  785: '3.1.1',
};

/** The name of an SMB2 dialect code; unknown ones as hex, as tshark prints them. */
export function smb2DialectName(code: number): string {
  return smb2DialectNames[code] ?? `0x${code.toString(16).padStart(4, '0')}`;
}

/** SMB2 header flag: the message is a response ([MS-SMB2] §2.2.1.2). */
export const smb2ResponseFlag = 0x1;
/** SMB2 negotiate SecurityMode: signing required ([MS-SMB2] §2.2.4). */
export const smb2SigningRequired = 0x2;
/** SMB1 header Flags: the message is a reply; Flags2: strings are UTF-16LE ([MS-CIFS] §2.2.3.1). */
export const smb1ReplyFlag = 0x80;
export const smb1UnicodeFlag2 = 0x8000;
/** SMB1 negotiate SecurityMode: security signatures required ([MS-CIFS] §2.2.4.52.2). */
export const smb1SigningRequired = 0x08;

/** Bytes of a header: SMB1 is 32, SMB2/3 is 64 ([MS-CIFS] §2.2.3.1, [MS-SMB2] §2.2.1). */
export const smb1HeaderBytes = 32;
export const smb2HeaderBytes = 64;

/**
 * Messages before the session is set up are small; reads and writes that follow can be
 * megabytes and are passed over by the framer rather than buffered.
 */
export const maxSmbMessageBytes = 65_536;
/** Negotiate and session setup take a handful of messages; after these, a direction is left alone. */
export const maxMessagesRead = 12;
