// The project's guide (docs/*.md) bundled into the studio, so "Learn more" opens the page inside the studio instead
// of a /docs/*.md URL the static server answers with the studio itself. Pages load lazily (one chunk each).
import { Marked } from 'marked';

const loaders = import.meta.glob('../../../../../docs/*.md', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;
// Chinese versions of the user-facing guide pages (docs/zh-CN/*.md); the others fall back to English with a notice.
const chineseLoaders = import.meta.glob('../../../../../docs/zh-CN/*.md', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

/** Guide pages that have a Chinese version. */
export const CHINESE_PAGES: readonly string[] = Object.keys(chineseLoaders).map((path) => /\/([\w-]+)\.md$/.exec(path)![1]!);

/** Page names (file names without `.md`), in the order the help view lists them. */
export const DOC_PAGES: readonly string[] = ['studio', 'simulation', 'scoring', 'suggestions', 'variants', 'model', 'plugins', 'architecture', 'performance'].filter((name) =>
  Object.keys(loaders).some((path) => path.endsWith(`/${name}.md`)),
);

export async function loadDoc(page: string): Promise<string | undefined> {
  const entry = Object.entries(loaders).find(([path]) => path.endsWith(`/${page}.md`));
  return entry ? entry[1]() : undefined;
}

/**
 * A page in the studio's language: the Chinese version when there is one, else English (`language` says which came).
 * @example
 * const { markdown, language } = (await loadLocalizedDoc('scoring', 'zh-CN'))!; // language 'zh-CN'
 */
export async function loadLocalizedDoc(page: string, language: 'en' | 'zh-CN'): Promise<{ markdown: string; language: 'en' | 'zh-CN' } | undefined> {
  if (language === 'zh-CN') {
    const entry = Object.entries(chineseLoaders).find(([path]) => path.endsWith(`/${page}.md`));
    if (entry) return { markdown: await entry[1](), language };
  }
  const markdown = await loadDoc(page);
  return markdown === undefined ? undefined : { markdown, language: 'en' };
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/<[^>]+>/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
}

const marked = new Marked({
  gfm: true,
  renderer: {
    heading({ tokens, depth }) {
      const text = this.parser.parseInline(tokens);
      return `<h${depth} id="${slug(text)}">${text}</h${depth}>\n`;
    },
    // Screenshots live next to the docs, not in the studio's bundle: name them instead of a broken image.
    image({ text }) {
      return `<em class="lf-help-image">[${text}]</em>`;
    },
  },
});

/** The page's HTML. The markdown is the project's own (bundled at build time), not user input. */
export function renderDoc(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

/**
 * Where a link points inside the help: `docs/scoring.md#x`, `/docs/scoring.md`, `scoring.md#x` (a relative link
 * between pages), `#glossary:pce`. Undefined for anything else (an outside URL opens normally).
 */
export function helpTarget(href: string): { page: string; anchor?: string } | undefined {
  const glossary = /^#glossary(?::([\w-]+))?$/.exec(href);
  if (glossary) return glossary[1] ? { page: 'glossary', anchor: glossary[1] } : { page: 'glossary' };
  const doc = /^(?:\.{0,2}\/)*(?:docs\/)?([\w-]+)\.md(?:#([\w-]+))?$/.exec(href.replace(/^https?:\/\/[^/]+\//, '/').replace(/^\/+/, ''));
  if (!doc || !DOC_PAGES.includes(doc[1]!)) return undefined;
  return doc[2] ? { page: doc[1]!, anchor: doc[2] } : { page: doc[1]! };
}
