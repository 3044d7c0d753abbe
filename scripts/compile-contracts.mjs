// Compiles the dev chain's Solidity sources with the pinned solcjs and writes one artifact per
// contract (abi, creation and runtime bytecode) next to them. The artifacts are committed so that building the
// app needs no compiler; run `npm run compile-contracts` after editing a .sol file.
//
// A source may import a library from node_modules (`import {X} from "@openzeppelin/contracts/...";`): solc asks the
// import callback for it. Artifacts are written for every contract of the project's own files and, of the imported
// library files, only for the contracts listed in `libraryArtifacts` (deployed unchanged, e.g. OpenZeppelin's
// TimelockController), so the many interfaces and abstract bases of a library do not become artifacts.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const contractsDir = path.join(root, 'src', 'ExposureWeb.DevChain', 'Contracts');
const outDir = path.join(contractsDir, 'artifacts');

const nodeModules = path.join(root, 'node_modules');

/** Library contracts (source unit name → contract names) that get an artifact of their own. */
const libraryArtifacts = {
  '@openzeppelin/contracts/governance/TimelockController.sol': ['TimelockController'],
};

/** solc's import callback: a non-relative import (already normalised by solc) is a file of an npm package. */
function findImports(importPath) {
  const file = path.resolve(nodeModules, importPath);
  if (!file.startsWith(nodeModules + path.sep)) return { error: `import ${importPath} is outside node_modules` };
  if (!fs.existsSync(file)) return { error: `import ${importPath} not found in node_modules (run npm ci)` };
  return { contents: fs.readFileSync(file, 'utf8') };
}

const sources = {};
for (const file of fs.readdirSync(contractsDir).filter(f => f.endsWith('.sol')).sort()) {
  sources[file] = { content: fs.readFileSync(path.join(contractsDir, file), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors ?? []).filter(e => e.severity === 'error');
for (const e of output.errors ?? []) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
for (const [file, contracts] of Object.entries(output.contracts)) {
  const wanted = file in sources ? null : libraryArtifacts[file] ?? [];
  for (const [name, c] of Object.entries(contracts)) {
    if (wanted !== null && !wanted.includes(name)) continue;
    const artifact = {
      contractName: name,
      sourceFile: file,
      compiler: `solc ${solc.version()}`,
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    };
    fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(artifact, null, 2) + '\n');
    console.log(`compiled ${name} (${c.evm.bytecode.object.length / 2} bytes)`);
  }
}
