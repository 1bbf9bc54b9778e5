import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `path` (which need not exist). */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages
    .filter((message) => message.ruleId === 'architecture/layers')
    .map((message) => message.message);
}

describe('architecture rules (DESIGN.md), as the linter enforces them in npm test', () => {
  it.each([
    ['react', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['electron', "import { app } from 'electron';\nexport const x = app;\n"],
    ['three', "import { Vector3 } from 'three';\nexport const x = Vector3;\n"],
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ])('the core may not import %s', async (name, code) => {
    expect(await layerErrors('src/sim/physics/solver.ts', code)).toEqual([
      `sim may import no package but zod, not '${name}'.`,
    ]);
  });

  it('the core may not reach outside itself, even by a relative path', async () => {
    const errors = await layerErrors(
      'src/sim/physics/solver.ts',
      "export { contract } from '../../contract/calls.ts';\n",
    );
    expect(errors).toEqual([
      "sim may not import from contract ('../../contract/calls.ts'): sim may import only from sim.",
    ]);
    expect(await layerErrors('src/sim/physics/solver.ts', "export * from '../math/random.ts';\n")).toEqual([]);
  });

  it('the renderer may not import electron, Node built-ins or the main process', async () => {
    expect(
      await layerErrors(
        'src/renderer/src/app/x.ts',
        "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src/renderer/src/app/x.ts',
        "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors('src/renderer/src/app/x.ts', "export * from '../../../main/services/api.ts';\n"),
    ).toHaveLength(1);
    expect(await layerErrors('src/renderer/src/app/x.ts', "export * from '../../../contract/calls.ts';\n")).toEqual([]);
  });

  it('main-process services may not import electron', async () => {
    expect(
      await layerErrors('src/main/services/x.ts', "import { app } from 'electron';\nexport const x = app;\n"),
    ).toEqual(["main/services may not import the package 'electron'."]);
    expect(
      await layerErrors('src/main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n"),
    ).toEqual([]);
  });

  it('the core stays off the clock and Math.random', async () => {
    const [result] = await eslint.lintText(
      'export const t = Date.now() + Math.random();\nexport const d = new Date();\n',
      {
        filePath: join(root, 'src/sim/x.ts'),
      },
    );
    const rules = result!.messages.map((message) => message.ruleId);
    expect(rules.filter((rule) => rule === 'no-restricted-properties')).toHaveLength(2);
    expect(rules).toContain('no-restricted-syntax');
  });
});
