/**
 * Metadata: the project columns (a JSON array, projectApi.ts) and the project metadata of an item
 * as an XMP packet. From Adobe's Metadata reference (signatures and return types) and its samples
 * (premiere-api's setProjectMetadata packet, metadata-handler's namespace and its delete-then-set
 * use of `updatedFields`):
 * - addPropertyToProjectMetadataSchema(name, label, type) registers a property of the project's
 *   schema (type: Constants.MetadataType); resolves false for an unknown type or a name XMP cannot
 *   hold. Not an action: no undo step. Async, so refused inside lockedAccess (the 26.3 rule).
 * - getProjectMetadata(item) resolves the item's packet: one rdf:Description in Premiere's private
 *   project namespace, holding its name (Column.Intrinsic.Name, as in Adobe's sample packet) and
 *   every schema property set on it.
 * - createSetProjectMetadataAction(item, packet, updatedFields) is an action (undoable): for each
 *   updated field the packet's value is stored, a field absent from the packet is cleared. A packet
 *   that is not well-formed XML fails the transaction. Not documented, here: a field outside the
 *   schema is not stored, and the name column is not written through this call.
 */
import type { PMetadataStatic, PProjectItem } from '../../adapters/premiere/subset';
import { METADATA_TYPE } from './constants';
import type { Ctx } from './context';
import { projectColumnsMetadata } from './projectApi';
import { ClipItemState, findItem } from './state';
import { PremiereRuleError } from './transactions';

export const PROJECT_NS = 'http://ns.adobe.com/premierePrivateProjectMetaData/1.0/';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

export function metadataView(ctx: Ctx): PMetadataStatic {
  const unlocked = (what: string) => {
    if (ctx.gate.locked) throw new PremiereRuleError(`Metadata.${what} is async and cannot run inside lockedAccess.`);
  };
  return {
    getProjectColumnsMetadata: async (item) => projectColumnsMetadata(ctx, item),
    addPropertyToProjectMetadataSchema: async (name, label, type) => {
      unlocked('addPropertyToProjectMetadataSchema');
      const known = (Object.values(METADATA_TYPE) as number[]).includes(type);
      if (!known || typeof name !== 'string' || !/^[A-Za-z_][\w.-]*$/.test(name) || typeof label !== 'string') return false;
      ctx.metadataSchema.set(name, { label, type });
      return true;
    },
    getProjectMetadata: async (item) => {
      unlocked('getProjectMetadata');
      return packetOf(clipOf(ctx, item, 'getProjectMetadata'));
    },
    createSetProjectMetadataAction: (item, metadata, updatedFields) => {
      const id = clipOf(ctx, item, 'createSetProjectMetadataAction').id;
      if (typeof metadata !== 'string' || !Array.isArray(updatedFields)) throw new TypeError('createSetProjectMetadataAction needs a packet string and an array of field names.');
      const fields = [...updatedFields];
      return ctx.gate.action('Metadata.createSetProjectMetadataAction', (project) => {
        const values = projectValues(metadata);
        const clip = findItem(project, id) as ClipItemState;
        const stored = { ...(clip.projectMetadata ?? {}) };
        for (const field of fields) {
          if (!ctx.metadataSchema.has(field)) continue;
          if (field in values) stored[field] = values[field];
          else delete stored[field];
        }
        clip.projectMetadata = stored;
      });
    },
  };
}

function clipOf(ctx: Ctx, item: PProjectItem, what: string): ClipItemState {
  const found = findItem(ctx.project, ctx.refOf(item, 'item', `Metadata.${what}`).id);
  if (found.kind !== 'clip') throw new TypeError(`Metadata.${what}: bins' metadata is not modelled by this fake.`);
  return found;
}

function packetOf(clip: ClipItemState): string {
  const p = 'premierePrivateProjectMetaData';
  const element = (name: string, value: string) => `<${p}:${name}>${escapeText(value)}</${p}:${name}>`;
  const fields = Object.entries(clip.projectMetadata ?? {}).map(([k, v]) => element(k, v));
  return (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    `<rdf:RDF xmlns:rdf="${RDF_NS}"><rdf:Description rdf:about="" xmlns:${p}="${PROJECT_NS}">` +
    `${element('Column.Intrinsic.Name', clip.name)}${fields.join('')}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
  );
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The project-namespace properties of a packet (element form, any prefix), read with a small
 * well-formedness check: tags must nest, and a prefix must be declared on the element or above.
 */
export function projectValues(packet: string): Record<string, string> {
  const out: Record<string, string> = {};
  const stack: Array<{ name: string; ns: Map<string, string>; text: string }> = [];
  const tag = /<(\/?)([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(packet))) {
    const between = packet.slice(last, m.index);
    if (between.includes('<')) throw new Error('the metadata is not well-formed XML');
    if (stack.length) stack[stack.length - 1].text += between;
    last = tag.lastIndex;
    if (!m[2]) continue; // processing instruction or comment
    const [, closing, name, attrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`the metadata is not well-formed XML (</${name}>)`);
      const [prefix, local] = name.includes(':') ? name.split(':', 2) : ['', name];
      if (open.ns.get(prefix) === PROJECT_NS) out[local] = unescapeText(open.text);
      continue;
    }
    const ns = new Map(stack.length ? stack[stack.length - 1].ns : []);
    for (const a of attrs.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (a[1].startsWith('xmlns:')) ns.set(a[1].slice(6), a[2] ?? a[3] ?? '');
    }
    const prefix = name.includes(':') ? name.split(':')[0] : '';
    if (prefix && !ns.has(prefix)) throw new Error(`the metadata uses an undeclared prefix "${prefix}"`);
    if (!selfClosing) stack.push({ name, ns, text: '' });
  }
  if (stack.length || packet.slice(last).includes('<') || !/<rdf:RDF\b/.test(packet)) throw new Error('the metadata is not an XMP packet');
  return out;
}

function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
