// Streams FILE through x12-parser (segment objects) and prints
// "peer <bytes> <segments> <seconds>" like perdiem-bench.
import { X12parser } from 'x12-parser';
import { createReadStream, statSync } from 'node:fs';

const file = process.argv[2];
const bytes = statSync(file).size;
const start = process.hrtime.bigint();
let segments = 0;
const parser = new X12parser();
parser.on('error', (err) => { console.error(err); process.exit(2); });
createReadStream(file).pipe(parser)
  .on('data', () => { segments++; })
  .on('end', () => {
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`peer ${bytes} ${segments} ${secs.toFixed(6)}`);
  });
