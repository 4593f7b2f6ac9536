// CommonJS consumer: loads every package with `require()`.
const smoke = require(process.argv[2]);
smoke({ load: async (name) => require(name), mode: 'cjs' }).then(
  () => console.log(`ok ${process.argv[2].split('/').pop()} cjs node ${process.version}`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
