import { type Config, loadConfig } from '../../config.ts';
import { FileStore } from '../../platform/storage/file-store.ts';
import { SecretBox } from './secret-box.ts';

/** What the channel jobs need from the configuration; set once when the app is built. */
export interface ChannelSettings {
  config: Config;
  secrets: SecretBox;
  store: FileStore;
}

let current: ChannelSettings | null = null;

export function configureChannels(config: Config): ChannelSettings {
  current = { config, secrets: SecretBox.fromConfig(config), store: new FileStore(config.DATA_DIR) };
  return current;
}

export function channelSettings(): ChannelSettings {
  return current ?? configureChannels(loadConfig());
}
