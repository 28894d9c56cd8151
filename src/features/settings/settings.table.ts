export interface SettingTable {
  key: string;
  /** JSON value. */
  value: string;
  updated_at: string;
}

export interface SettingsTables {
  settings: SettingTable;
}
