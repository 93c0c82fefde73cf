/**
 * A stand-in for a person editing tasks.md during a run: a Node script (`node -e HAND_EDITOR file
 * name stopFile boxes`) that, until stopFile exists, every 150-500 ms inserts a line
 * `hand line <name>-<n>` at a random place or ticks one of its `- [ ] hand item <name>-<n>` boxes
 * (see handItems), saving in place, by rename, or in two steps with a pause, like real editors.
 * It prints the JSON list of what it saved (each a substring the final file must contain).
 */
// Saves like an editor: reads, changes, and writes only if the file is still what it read (as
// editors warn about a file changed on disk), else starts over. The editors take turns (one user
// at two windows): what one of them saves, the other does not overwrite.
export const HAND_EDITOR = `
const fs = require('fs');
const [file, name, stop, boxes] = process.argv.slice(1);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const turn = file + '.editing';
const edits = [];
(async () => {
  for (let n = 1; !fs.existsSync(stop); n++) {
    await pause(150 + Math.random() * 350);
    for (;;) { try { fs.mkdirSync(turn); break; } catch { await pause(2); } }
    const kind = n % 3;
    for (;;) {
      const text = fs.readFileSync(file, 'utf8');
      let next;
      if (kind === 1 && n <= Number(boxes) * 3) {
        const open = text.indexOf('- [ ] hand item ' + name + '-' + n + '\\n');
        if (open < 0) { fs.rmdirSync(turn); throw new Error('hand item missing: ' + name + '-' + n); }
        next = text.slice(0, open) + '- [x]' + text.slice(open + 5);
      } else {
        const lines = text.split('\\n');
        const at = 1 + Math.floor(Math.random() * (lines.length - 1));
        lines.splice(at, 0, 'hand line ' + name + '-' + n);
        next = lines.join('\\n');
      }
      if (fs.readFileSync(file, 'utf8') !== text) continue;
      if (kind === 0) fs.writeFileSync(file, next);
      else if (kind === 1) { fs.writeFileSync(file + '.' + name + '.swp', next); fs.renameSync(file + '.' + name + '.swp', file); }
      else {
        const fd = fs.openSync(file, 'w');
        fs.writeSync(fd, next.slice(0, next.length >> 1));
        await pause(5 + Math.random() * 40);
        fs.writeSync(fd, next.slice(next.length >> 1));
        fs.closeSync(fd);
      }
      fs.rmdirSync(turn);
      edits.push(kind === 1 && n <= Number(boxes) * 3 ? '- [x] hand item ' + name + '-' + n + '\\n' : 'hand line ' + name + '-' + n + '\\n');
      break;
    }
  }
  process.stdout.write(JSON.stringify(edits));
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** The hand items section the editors named e0, e1, ... tick (`boxes` each). */
export function handItems(editors: number, boxes: number): string {
  const lines = ['## Notes', ''];
  for (let e = 0; e < editors; e++) {
    for (let n = 1; n <= boxes * 3; n++) if (n % 3 === 1) lines.push(`- [ ] hand item e${e}-${n}`);
  }
  return `${lines.join('\n')}\n`;
}
