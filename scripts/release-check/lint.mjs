import { fail, lintBinary, pool, run, tail } from './lib.mjs';

/** An ESM-only package (no `require` condition, no `main`) is checked with attw's esm-only profile. */
function isEsmOnly(json) {
  return !json.main && !JSON.stringify(json.exports ?? {}).includes('"require"');
}

/** publint (strict: warnings fail too) and `attw` on each tarball, for every entry point and resolution. */
export async function lintTarballs(tarballs) {
  await pool(
    2,
    Object.entries(tarballs).map(([name, { tarball, json }]) => async () => {
      const publint = await run(lintBinary('publint'), ['run', '--strict', tarball]);
      if (publint.code !== 0) fail(`${name}: publint\n${tail(publint.out)}`);
      const profile = isEsmOnly(json) ? ['--profile', 'esm-only'] : [];
      const attw = await run(lintBinary('attw'), [tarball, '--format', 'ascii', ...profile]);
      if (attw.code !== 0) fail(`${name}: attw ${profile.join(' ')}\n${tail(attw.out, 40)}`);
      console.log(
        `  ${name}: publint ${publint.code === 0 ? 'clean' : 'FAILED'}, attw${profile.length ? ' (esm-only)' : ''} ${attw.code === 0 ? 'clean' : 'FAILED'}`,
      );
    }),
  );
}
