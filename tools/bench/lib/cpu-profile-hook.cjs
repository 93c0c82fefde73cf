// Preloaded with NODE_OPTIONS=--require (Node 20 refuses --cpu-prof there): profiles the processes
// whose entry script matches BENCH_PROFILE_MATCH and writes a .cpuprofile into BENCH_PROFILE_DIR.
const match = process.env.BENCH_PROFILE_MATCH;
const dir = process.env.BENCH_PROFILE_DIR;
if (dir && match && (process.argv[1] || '').includes(match)) {
  const inspector = require('node:inspector');
  const fs = require('node:fs');
  const path = require('node:path');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  // Nx ends a batch process with SIGTERM once its tasks are done: exit, so that 'exit' writes the profile.
  process.once('SIGTERM', () => process.exit(143));
  process.on('exit', () => {
    // An in-thread inspector session answers synchronously, so this works in 'exit'.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${path.basename(process.argv[1])}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
