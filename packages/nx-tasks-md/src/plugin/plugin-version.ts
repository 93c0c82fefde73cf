import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | undefined;

/** The version in the plugin's package.json (source and built layouts both keep it two levels up). */
export function pluginVersion(): string {
  if (cached === undefined) {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    cached = String(manifest.version);
  }
  return cached;
}
