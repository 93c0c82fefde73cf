import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InferenceCache } from './inference-cache';

describe('InferenceCache', () => {
  let base: string;
  beforeEach(() => (base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-cache-')))));
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('never writes through a link planted under its file or temporary file name', () => {
    const data = path.join(base, 'workspace-data');
    fs.mkdirSync(data);
    const secret = path.join(base, 'secret.txt');
    fs.writeFileSync(secret, 'secret\n');
    const file = path.join(data, 'nx-tasks-md.json');
    fs.symlinkSync(secret, `${file}.${process.pid}.tmp`);
    const cache = new InferenceCache<number>(file);
    cache.set('k', 1);
    cache.save();
    expect(fs.readFileSync(secret, 'utf8')).toBe('secret\n');
    expect(new InferenceCache<number>(file).get('k')).toBe(1);

    fs.rmSync(file);
    fs.symlinkSync(secret, file);
    const again = new InferenceCache<number>(file);
    again.set('k', 2);
    again.save();
    expect(fs.readFileSync(secret, 'utf8')).toBe('secret\n');
  });
});
