import { PUBLISHER_META, type ParsedServer } from './server-json.ts';

/**
 * The registry has no category field. A publisher may give one in its `_meta`
 * (`io.modelcontextprotocol.registry/publisher-provided`: `category`, or the first of `categories`
 * or `tags`); otherwise a small keyword classifier reads the name, title, description and
 * repository. Categories are checked in this order, so the first whose keywords appear wins. A
 * company's name alone is no category ("Google" makes Drive, Calendar and Search servers): its product is.
 */
export const CATEGORIES = [
  'databases',
  'developer tools',
  'search',
  'communication',
  'files and documents',
  'cloud and infrastructure',
  'finance',
  'ai and models',
  'productivity',
  'other',
] as const;

const keywords: ReadonlyArray<[category: (typeof CATEGORIES)[number], words: RegExp]> = [
  ['databases', /\b(database|databases|sql|sqlite|postgres(ql)?|mysql|mariadb|mongo(db)?|redis|supabase|neo4j|clickhouse|bigquery|snowflake|duckdb|elasticsearch|qdrant|pinecone|vector ?db|milvus|dynamodb|cassandra)\b/i],
  ['developer tools', /\b(github|gitlab|git|bitbucket|code|coding|debug(ger)?|lint(er)?|ci|cd|build|compiler|ide|terminal|shell|npm|pull requests?|jira|sentry|devtools|api testing|playwright|puppeteer|browser automation)\b/i],
  ['search', /\b(search|searching|web ?search|crawl(er)?|scrap(e|er|ing)|bing|brave|duckduckgo|tavily|exa|serp|news|research|fetch pages?)\b/i],
  ['communication', /\b(slack|discord|email|e-mail|gmail|telegram|teams|whatsapp|sms|twilio|chat|messag(e|es|ing)|channels?|notifications?)\b/i],
  ['files and documents', /\b(files?|filesystem|documents?|docs|drive|dropbox|notion|confluence|wiki|pdf|markdown|obsidian|spreadsheets?|excel|sheets)\b/i],
  ['cloud and infrastructure', /\b(aws|azure|gcp|google cloud|cloud|kubernetes|k8s|docker|terraform|cloudflare|vercel|netlify|heroku|infrastructure|deploy(ment|ments)?|devops|observability|monitoring|grafana|prometheus)\b/i],
  ['finance', /\b(stripe|payments?|finance|financial|bank(ing)?|invoices?|accounting|crypto|blockchain|ethereum|bitcoin|stocks?|trading|ledger|prices?)\b/i],
  ['ai and models', /\b(llm|openai|anthropic|claude|gpt|model|models|embeddings?|hugging ?face|inference|image generation|stable diffusion|agents?)\b/i],
  ['productivity', /\b(calendar|tasks?|todo|notes?|reminders?|time|weather|maps?|translate|translation|trello|asana|linear|todoist)\b/i],
];

export function classify(text: string): (typeof CATEGORIES)[number] {
  for (const [category, words] of keywords) if (words.test(text)) return category;
  return 'other';
}

export function categoryOf(server: ParsedServer): { category: string; source: 'publisher' | 'classifier' } {
  const published = publisherCategory(server._meta[PUBLISHER_META]);
  if (published) return { category: published, source: 'publisher' };
  // Not the namespace (io.github.…) nor the repository's host: nearly every entry would be "developer tools".
  const repositoryPath = (server.repository?.url ?? '').replace(/^[a-z]+:\/\/[^/]+\/[^/]+\/?/i, '');
  const words = [server.name.split('/').slice(1).join(' '), server.title ?? '', server.description, repositoryPath].join(' ').replace(/[./_-]+/g, ' ');
  return { category: classify(words), source: 'classifier' };
}

function publisherCategory(meta: unknown): string | null {
  if (typeof meta !== 'object' || meta === null) return null;
  const record = meta as Record<string, unknown>;
  for (const key of ['category', 'categories', 'tags']) {
    const value = record[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first.trim() !== '') return first.trim().toLowerCase().slice(0, 40);
  }
  return null;
}
