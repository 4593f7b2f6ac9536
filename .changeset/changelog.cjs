// Changesets' default changelog lines (@changesets/changelog-git), except that "Updated dependencies"
// names only dependencies whose version changes: a package whose devDependency alone moved gets a
// release of type "none", keeps its version, and would otherwise be listed as updated at it.

async function getReleaseLine(changeset) {
  const [first, ...rest] = changeset.summary.split('\n').map((line) => line.trimEnd());
  const commit = changeset.commit ? `${changeset.commit.slice(0, 7)}: ` : '';
  return [`- ${commit}${first}`, ...rest.map((line) => `  ${line}`)].join('\n');
}

async function getDependencyReleaseLine(changesets, dependenciesUpdated) {
  const updated = dependenciesUpdated.filter((dependency) => dependency.type !== 'none');
  if (updated.length === 0) return '';
  const links = changesets.map(
    (changeset) => `- Updated dependencies${changeset.commit ? ` [${changeset.commit.slice(0, 7)}]` : ''}`,
  );
  return [...new Set(links), ...updated.map((d) => `  - ${d.name}@${d.newVersion}`)].join('\n');
}

module.exports = { getReleaseLine, getDependencyReleaseLine };
