/** A "forgot your password" link: only the hash of its token is stored; it works once, within an hour. */
export interface PasswordResetTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/**
 * A browser an account has signed in from: the hash of a long-lived device cookie, and the browser family read from
 * its user-agent ("Firefox on Linux"). A sign-in matching neither is a new device and gets a notice by mail.
 */
export interface KnownDeviceTable {
  user_id: number;
  device_hash: string;
  family: string;
  first_seen_at: string;
  last_seen_at: string;
}

export interface RecoveryTables {
  password_resets: PasswordResetTable;
  known_devices: KnownDeviceTable;
}
