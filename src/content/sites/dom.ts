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
