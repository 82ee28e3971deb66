/**
 * The take's facts (prompt, mode, cost, job and task ids, date) as project-item metadata, so the
 * Project panel shows what a take is. Adobe's Metadata reference and its premiere-api sample:
 * a property is added to the project metadata schema (addPropertyToProjectMetadataSchema, type
 * Constants.MetadataType), the item's metadata is an XMP packet (getProjectMetadata) whose
 * properties live in Premiere's private project namespace, and createSetProjectMetadataAction
 * writes the packet's `updatedFields` back, as an action in a transaction (undoable).
 */
import type { TakeField } from '../../domain/takeLabel';
import type { Action, PProjectItem, PremiereSubset } from './subset';

export const METADATA_UNDO_LABEL = 'LTX Retake: take metadata';

/** The namespace of Premiere's project metadata (Adobe's metadata-handler sample and its sample packet). */
export const PROJECT_METADATA_NS = 'http://ns.adobe.com/premierePrivateProjectMetaData/1.0/';
const PREFIX = 'premierePrivateProjectMetaData';

/** The schema property a field is kept in, and the column label the Project panel shows for it. */
export function metadataProperty(field: TakeField): { name: string; label: string } {
  const suffix = field.key[0].toUpperCase() + field.key.slice(1);
  return { name: `LTXRetake${suffix}`, label: `LTX ${field.label}` };
}

/** Commits the actions `build` makes as one undo step; true when Premiere took them. */
export type CommitStep = (build: () => Action[]) => boolean;

export interface MetadataWrite {
  /** Every field reads back as written on every item. */
  ok: boolean;
  /** What Premiere did, for the self-check's report. */
  seen: string;
}

/**
 * Writes the fields on the items (the take's clip and the part placed from it) in one undo step,
 * then reads them back. Never throws: metadata is a courtesy on a take already placed.
 */
export async function writeTakeMetadata(ppro: PremiereSubset, commitStep: CommitStep, items: PProjectItem[], fields: TakeField[]): Promise<MetadataWrite> {
  if (fields.length === 0 || items.length === 0) return { ok: true, seen: 'nothing to write' };
  let schema = 0;
  try {
    const properties = fields.map((f) => ({ ...metadataProperty(f), value: xmlSafe(f.value) }));
    for (const p of properties) {
      // Unconfirmed what it returns for a property already in the schema: the read-back decides.
      if (await ppro.Metadata.addPropertyToProjectMetadataSchema(p.name, p.label, ppro.Constants.MetadataType.TEXT).catch(() => false)) schema++;
    }
    const names = properties.map((p) => p.name);
    const packets = await Promise.all(items.map(async (item) => withProjectProperties(await ppro.Metadata.getProjectMetadata(item), properties)));
    const said = `the schema took ${schema} of ${names.length} properties`;
    if (!commitStep(() => items.map((item, i) => ppro.Metadata.createSetProjectMetadataAction(item, packets[i], names)))) {
      return { ok: false, seen: `${said}; Premiere refused the metadata transaction` };
    }
    let readBack = 0;
    for (const item of items) {
      const stored = readProjectProperties(await ppro.Metadata.getProjectMetadata(item), names);
      readBack += properties.filter((p) => stored[p.name] === p.value).length;
    }
    const total = names.length * items.length;
    return { ok: readBack === total, seen: `${said}; transaction accepted; ${readBack} of ${total} field(s) read back as written` };
  } catch (e) {
    return { ok: false, seen: `the schema took ${schema} of ${fields.length} properties; then: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** XML 1.0 has no place for most control characters: they are left out of the value. */
function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/**
 * Unconfirmed: whether createSetProjectMetadataAction needs the whole packet or only the updated
 * fields. The item's own packet is sent with the fields set in it: their old values (element or
 * attribute form) replaced inside the rdf:Description that declares the project namespace, else a
 * Description of their own added to the packet's rdf:RDF, else (no packet) a packet of only them.
 */
export function withProjectProperties(packet: string, properties: Array<{ name: string; value: string }>): string {
  const elements = (prefix: string) => properties.map((p) => `<${prefix}:${p.name}>${escapeXml(p.value)}</${prefix}:${p.name}>`).join('');
  const declared = new RegExp(`<rdf:Description\\b[^>]*xmlns:(\\w+)="${escapeRegExp(PROJECT_METADATA_NS)}"[^>]*?(/?)>`).exec(packet);
  if (declared) {
    const prefix = declared[1];
    const selfClosing = declared[2] === '/';
    let openTag = selfClosing ? `${declared[0].slice(0, -2)}>` : declared[0];
    for (const p of properties) openTag = openTag.replace(new RegExp(`\\s${prefix}:${p.name}="[^"]*"`), '');
    const before = packet.slice(0, declared.index);
    const after = packet.slice(declared.index + declared[0].length);
    if (selfClosing) return `${before}${openTag}${elements(prefix)}</rdf:Description>${after}`;
    const close = after.indexOf('</rdf:Description>');
    if (close >= 0) {
      let body = after.slice(0, close);
      for (const p of properties) body = body.replace(new RegExp(`<${prefix}:${p.name}(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</${prefix}:${p.name}>)`, 'g'), '');
      return `${before}${openTag}${body}${elements(prefix)}${after.slice(close)}`;
    }
  }
  const description = `<rdf:Description rdf:about="" xmlns:${PREFIX}="${PROJECT_METADATA_NS}">${elements(PREFIX)}</rdf:Description>`;
  const rdfEnd = packet.lastIndexOf('</rdf:RDF>');
  if (rdfEnd >= 0) return `${packet.slice(0, rdfEnd)}${description}${packet.slice(rdfEnd)}`;
  return (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${description}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
  );
}

/** The values of the named project-namespace properties in a packet (element or attribute form), unescaped. */
export function readProjectProperties(packet: string, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const prefixes = [...packet.matchAll(new RegExp(`xmlns:(\\w+)="${escapeRegExp(PROJECT_METADATA_NS)}"`, 'g'))].map((m) => m[1]);
  for (const prefix of new Set(prefixes)) {
    for (const name of names) {
      const m = new RegExp(`<${prefix}:${name}>([\\s\\S]*?)</${prefix}:${name}>|\\s${prefix}:${name}="([^"]*)"`).exec(packet);
      if (m) out[name] = unescapeXml(m[1] ?? m[2]);
    }
  }
  return out;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
