/**
 * What Premiere's Project panel would show of the selected clip's project item: its LTX metadata
 * fields (labelled as the schema names them) and its clip marker's comment. Shown for takes only.
 */
import type { ClipInfo, FakeControl } from '../standins/premiere/fakePremiere';

export function ClipMetadata({ control, clip }: { control: FakeControl; clip: ClipInfo | null }) {
  if (!clip) return null;
  const item = control.items().find((i) => i.id === clip.itemId);
  const master = item?.subclip ? control.items().find((i) => i.id === item.subclip?.masterId) : item;
  const fields = Object.entries(item?.projectMetadata ?? {});
  const marker = master?.markers?.[0];
  if (!item || (fields.length === 0 && !marker)) return null;
  const labels = control.metadataLabels();
  return (
    <section className="demo-metadata" aria-label="Project item metadata" data-testid="demo-clip-metadata">
      <h3>
        Project panel: “{item.name}”{item.colorLabel !== undefined ? <span className="demo-metadata-label"> · colour label {item.colorLabel}</span> : null}
      </h3>
      <dl>
        {fields.map(([name, value]) => (
          <div key={name} data-testid="demo-metadata-field">
            <dt>{labels[name] ?? name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {marker ? <p className="demo-metadata-marker" title="The clip marker on the take's clip">Marker “{marker.name}”</p> : null}
    </section>
  );
}
