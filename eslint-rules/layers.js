// @ts-check
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The architecture's import rules (DESIGN.md), enforced on every import, export-from and
 * dynamic import. Each layer lists the layers it may import from and the packages it may not
 * (or, for the core, the only packages it may). A file outside every layer is not checked.
 *
 * `sim` ← `contract` ← `main`, `bridge`, `cli`, `renderer`; `bridge` and `cli` also use
 * `main/services`; nothing in `main/services` imports electron; the renderer never sees Node.
 */

/** @typedef {{ name: string, folder: string, mayImport: string[], allowedPackages?: string[], forbiddenPackages?: RegExp[] }} Layer */

const nodeBuiltins = /^node:|^(fs|path|os|child_process|crypto|http|https|net|url|util|worker_threads|stream)(\/|$)/;

/** @type {Layer[]} Ordered most specific folder first. */
export const layers = [
  { name: 'sim', folder: 'src/sim', mayImport: ['sim'], allowedPackages: ['zod'] },
  { name: 'contract', folder: 'src/contract', mayImport: ['contract', 'sim'], allowedPackages: ['zod'] },
  {
    name: 'main/services',
    folder: 'src/main/services',
    mayImport: ['main/services', 'contract', 'sim'],
    forbiddenPackages: [/^electron(\/|$)/, /^react/, /^three/, /^@react-three\//],
  },
  {
    name: 'main/electron',
    folder: 'src/main/electron',
    mayImport: ['main/electron', 'main/services', 'contract', 'sim'],
    forbiddenPackages: [/^react/, /^three/, /^@react-three\//],
  },
  {
    name: 'preload',
    folder: 'src/preload',
    mayImport: ['preload', 'contract'],
    forbiddenPackages: [nodeBuiltins, /^react/, /^three/],
  },
  {
    name: 'bridge',
    folder: 'src/bridge',
    mayImport: ['bridge', 'main/services', 'contract', 'sim'],
    forbiddenPackages: [/^electron(\/|$)/, /^react/, /^three/],
  },
  {
    name: 'cli',
    folder: 'src/cli',
    mayImport: ['cli', 'main/services', 'contract', 'sim'],
    forbiddenPackages: [/^electron(\/|$)/, /^react/, /^three/],
  },
  {
    name: 'renderer',
    folder: 'src/renderer',
    mayImport: ['renderer', 'contract', 'sim'],
    forbiddenPackages: [/^electron(\/|$)/, nodeBuiltins],
  },
];

/** @param {string} root @param {string} file */
function layerOf(root, file) {
  const path = relative(root, file).split(sep).join('/');
  return layers.find((layer) => path === layer.folder || path.startsWith(`${layer.folder}/`));
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the layers DESIGN.md allows' },
    schema: [],
    messages: {
      layer: "{{from}} may not import from {{to}} ('{{source}}'): {{from}} may import only from {{allowed}}.",
      package: "{{from}} may not import the package '{{source}}'.",
      packageAllowList: "{{from}} may import no package but {{allowed}}, not '{{source}}'.",
    },
  },
  create(context) {
    const root = context.cwd;
    const fromLayer = layerOf(root, context.filename);
    if (!fromLayer) return {};

    /** @param {import('estree').Node} node @param {unknown} value */
    function check(node, value) {
      if (typeof value !== 'string') return;
      const source = value;
      if (source.startsWith('.') || source.startsWith('/')) {
        const target = resolve(dirname(context.filename), source);
        const toLayer = layerOf(root, target);
        const toName = toLayer ? toLayer.name : relative(root, target).split(sep).join('/') || '.';
        if (!toLayer || !fromLayer.mayImport.includes(toLayer.name)) {
          context.report({
            node,
            messageId: 'layer',
            data: { from: fromLayer.name, to: toName, source, allowed: fromLayer.mayImport.join(', ') },
          });
        }
        return;
      }
      if (fromLayer.allowedPackages) {
        const allowed = fromLayer.allowedPackages.some((name) => source === name || source.startsWith(`${name}/`));
        if (!allowed) {
          context.report({
            node,
            messageId: 'packageAllowList',
            data: { from: fromLayer.name, source, allowed: fromLayer.allowedPackages.join(', ') },
          });
        }
        return;
      }
      if (fromLayer.forbiddenPackages?.some((pattern) => pattern.test(source))) {
        context.report({ node, messageId: 'package', data: { from: fromLayer.name, source } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { layers: rule } };
