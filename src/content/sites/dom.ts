/** Small helpers the adapters share for reading hostile markup. */

const MAX_TEXT = 1000;

/** Visible text of an element, whitespace collapsed and clipped; never HTML. */
export function textOf(element: Element | null | undefined, max = MAX_TEXT): string | undefined {
  const text = element?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, max) : undefined;
}

/** The first selector in a fallback chain that yields text. */
export function firstText(root: ParentNode, selectors: readonly string[], max = MAX_TEXT): string | undefined {
  for (const selector of selectors) {
    const text = textOf(root.querySelector(selector), max);
    if (text) return text;
  }
  return undefined;
}

export function metaContent(doc: Document, property: string): string | undefined {
  const meta = doc.querySelector(`meta[property="${property}"], meta[name="${property}"]`);
  return meta?.getAttribute('content')?.trim() || undefined;
}

/** Parsed JSON-LD blocks of the page; malformed blocks are ignored. */
export function jsonLd(doc: Document): unknown[] {
  const blocks: unknown[] = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const data: unknown = JSON.parse(script.textContent ?? '');
      const graph = (data as { '@graph'?: unknown })?.['@graph'];
      blocks.push(...(Array.isArray(graph) ? graph : Array.isArray(data) ? data : [data]));
    } catch {
      // A broken block on a hostile page is not our error to raise.
    }
  }
  return blocks;
}

/** An https image URL, or nothing: data: and other schemes are never carried out of the page. */
export function imageUrl(value: string | null | undefined): string | undefined {
  return value && /^https:\/\//i.test(value) && value.length <= 2048 ? value : undefined;
}

export const clip = (value: string | undefined, max: number) => (value ? value.slice(0, max) : undefined);

/**
 * Text as a person reads it: emoji drawn as images count by their alt text, while icons (`svg`, whose `<title>`
 * would say "Verified account" in the UI's language), scripts and styles do not. Stops reading once it has enough.
 */
export function displayText(element: Element | null | undefined, max = MAX_TEXT): string | undefined {
  if (!element) return undefined;
  // Most names hold neither: then the text is the browser's own, read in one call rather than node by node.
  if (!element.querySelector(NOT_PLAIN_TEXT)) return textOf(element, max);
  let text = '';
  const stack: Node[] = [element];
  while (stack.length > 0 && text.length <= max * 2) {
    const node = stack.pop() as Node;
    if (node.nodeType === TEXT_NODE) {
      text += node.nodeValue ?? '';
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = (node as Element).localName;
    if (SKIPPED_TAGS.has(tag)) continue;
    if (tag === 'img') {
      text += (node as Element).getAttribute('alt') ?? '';
      continue;
    }
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node);
  }
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean ? clean.slice(0, max) : undefined;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const SKIPPED_TAGS = new Set(['svg', 'script', 'style', 'template', 'noscript']);
const NOT_PLAIN_TEXT = ['img', ...SKIPPED_TAGS].join(', ');

/** `root` as an element, or null when it is a document or fragment. Node constants: no DOM globals in tests. */
export function asElement(root: ParentNode): Element | null {
  return (root as Node).nodeType === ELEMENT_NODE ? (root as Element) : null;
}

/**
 * Where to look for authors under an added node: when the node sits inside a post (`container`), the whole post,
 * since its author block may have been rendered before the node was added; otherwise the node itself.
 */
export function scopeOf(root: ParentNode, container: string): ParentNode {
  return asElement(root)?.closest(container) ?? root;
}

/** Matches of `selector` in `scope`, the scope itself included, in document order. */
export function selectAll(scope: ParentNode, selector: string): Element[] {
  const found = Array.from(scope.querySelectorAll(selector));
  const self = asElement(scope);
  if (self?.matches(selector)) found.unshift(self);
  return found;
}

/** An href resolved against the site's origin; null for anything that is not a web URL. */
export function resolveHref(href: string | null | undefined, origin: string): URL | null {
  if (!href) return null;
  try {
    const url = new URL(href, origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}
