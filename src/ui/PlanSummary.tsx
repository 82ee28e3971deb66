import type { SequenceSnapshot } from '../app/ports';
import { PlanResult, RetakePlan, RetakeSettings, planRetake } from '../domain/plan';
import { money, rangeWithDuration, rateLabel, seconds } from './format';
import { WindowClip, findCrossings } from '../domain/crossings';
import { contextExplanation, crossingText, extraExplanation, frameShapeText } from './planText';
import { modeTouchesVideo } from '../domain/limits';
import { Details } from './Details';
import { Row } from './Row';
import { existingTakesText } from './takeText';
import { blendText, originalSoundText } from './blendText';

interface Props {
  sequence: SequenceSnapshot | null;
  hostProblem: string | null;
  plan: PlanResult | null;
  draft: RetakeSettings;
  /** The sentence already shown under the Retake button (not repeated here). */
  blocker: string | null;
  /** Takes already placed over the range this plan regenerates. */
  existingTakes?: number;
  /** Retake x N: takes one Retake starts. */
  variations?: number;
  /** The sequence's clips (for cuts and gaps inside the uploaded window); null when the host cannot tell. */
  clips?: WindowClip[] | null;
  /** Blend at cuts (preferences): cross-dissolve frames at each edge of the take. */
  blendFrames?: number;
}

/** A plan for the figures when only the prompt is missing or too long, so the cost shows first. */
function previewPlan(sequence: SequenceSnapshot, plan: PlanResult | null, draft: RetakeSettings): RetakePlan | null {
  if (!plan) return null;
  if (plan.ok) return plan.plan;
  if (plan.code !== 'emptyPrompt' && plan.code !== 'promptTooLong') return null;
  const preview = planRetake(sequence.marks, sequence.timing, { ...draft, prompt: 'preview' });
  return preview.ok ? preview.plan : null;
}

/** The live plan: what is marked, what will be regenerated, uploaded and billed. Follows the marks. */
export function PlanSummary({ sequence, hostProblem, plan, draft, blocker, existingTakes = 0, variations = 1, clips = null, blendFrames = 0 }: Props) {
  if (!sequence) {
    return (
      <section className="ltx-box" data-testid="plan" aria-label="Live plan">
        <div className="ltx-box-title">Live plan</div>
        <p className="ltx-muted" data-testid="plan-reason">
          {hostProblem && hostProblem !== blocker ? hostProblem : 'No active sequence.'}
        </p>
      </section>
    );
  }
  const { frameRate: rate, zeroPoint } = sequence.timing;
  const figures = previewPlan(sequence, plan, draft);
  const reason = plan && !plan.ok ? plan.reason : null;
  const crossing = figures && clips ? crossingText(findCrossings(clips, figures.window, figures.mode), rate, zeroPoint) : null;
  const chargeUsd = figures ? figures.estimatedCostUsd * variations : 0;
  return (
    <section className="ltx-box" data-testid="plan" aria-label="Live plan">
      <div className="ltx-box-title">
        Live plan
        <span className="ltx-box-sub" data-testid="plan-sequence">
          {sequence.name} · {rateLabel(rate)} · {sequence.frameSize.width}×{sequence.frameSize.height}
        </span>
      </div>
      <Row label="Marked" testId="plan-marked">
        {sequence.marks && sequence.marks.end > sequence.marks.start && sequence.marks.start >= 0n ? rangeWithDuration(sequence.marks, rate, zeroPoint) : 'No in/out marked'}
      </Row>
      {figures ? (
        <>
          <Row label="Regenerated" testId="plan-replaced" hint={<span data-testid="plan-extra">{extraExplanation(figures)}</span>}>
            {rangeWithDuration(figures.replaced, rate, zeroPoint)}
          </Row>
          <Row label="Uploaded" testId="plan-window" hint={contextExplanation(figures)}>
            {rangeWithDuration(figures.window, rate, zeroPoint)}
          </Row>
          <Row label="At the cuts" testId="plan-blend">
            {blendText(blendFrames, figures.mode)}
          </Row>
          <Row label="Billed" testId="plan-cost">
            {seconds(figures.billedSeconds)} · <span className="ltx-strong">Est. {money(figures.estimatedCostUsd)}</span>
            {variations > 1 ? (
              <span data-testid="plan-variations">
                {' '}
                × {variations} takes = <span className="ltx-strong">{money(chargeUsd)}</span>
              </span>
            ) : null}
          </Row>
          <Note testId="plan-frame-shape" text={frameShapeText(sequence.frameSize, modeTouchesVideo(figures.mode))} />
          <Note testId="plan-original-sound" text={originalSoundText(figures.mode)} />
          {existingTakesText(existingTakes, chargeUsd) ? (
            <p className="ltx-warning-text" data-testid="plan-existing-takes">
              {existingTakesText(existingTakes, chargeUsd)}
            </p>
          ) : null}
          {crossing ? (
            <p className="ltx-warning-text" data-testid="plan-crossings">
              {crossing}
            </p>
          ) : null}
          <Details label="Request details" testId="plan-details">
            <Row label="Request" testId="plan-request">
              startTime {figures.startTime} s · duration {figures.duration} s
            </Row>
          </Details>
        </>
      ) : null}
      {reason && reason !== blocker ? (
        <p className="ltx-warning-text" data-testid="plan-reason">
          {reason}
        </p>
      ) : null}
    </section>
  );
}

/** A sentence said before anything is spent, or nothing. */
function Note({ testId, text }: { testId: string; text: string | null }) {
  return text ? (
    <p className="ltx-warning-text" data-testid={testId}>
      {text}
    </p>
  ) : null;
}
