// ES module consumer: loads every package with `import()`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const smoke = require(process.argv[2]);
await smoke({ load: (name) => import(name), mode: 'esm' });
console.log(`ok ${process.argv[2].split('/').pop()} esm node ${process.version}`);
