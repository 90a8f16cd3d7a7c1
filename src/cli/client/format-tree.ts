/**
 * The tree layout of fail2ban-client's answers (`|-` / `` `- `` branches, a tab after each label's
 * colon), used for status, banned and list-valued settings.
 */

/** A leaf `label:<TAB>value` or a branch with children. */
export type TreeNode = { readonly label: string; readonly value: string } | { readonly label: string; readonly children: readonly TreeNode[] };

function lines(nodes: readonly TreeNode[], indent: string): string[] {
  const out: string[] = [];
  nodes.forEach((node, i) => {
    const last = i === nodes.length - 1;
    const head = `${indent}${last ? '`-' : '|-'} `;
    if ('value' in node) {
      out.push(`${head}${node.label}:\t${node.value}`);
    } else {
      out.push(`${head}${node.label}`);
      out.push(...lines(node.children, indent + (last ? '   ' : '|  ')));
    }
  });
  return out;
}

/** Title line, then the tree. */
export function formatTree(title: string, nodes: readonly TreeNode[]): string {
  return [title, ...lines(nodes, '')].join('\n');
}

/** Title, then one `|- item` line per item; `empty` when there are none. */
export function formatList(title: string, items: readonly string[], empty: string): string {
  if (items.length === 0) return empty;
  return [title, ...items.map((item, i) => `${i === items.length - 1 ? '`-' : '|-'} ${item}`)].join('\n');
}
