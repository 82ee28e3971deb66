import { Component, ErrorInfo, ReactNode } from 'react';

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | null;
  generation: number;
}

/**
 * The panel's last line of defence: an exception while drawing shows a sentence and a way back
 * instead of reaching UXP (which can destabilise Premiere). Jobs are not affected: they run in
 * the controller and their journal, not in the view.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, generation: 0 };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('LTX Retake panel error:', error, info.componentStack);
  }

  private reload = () => this.setState((s) => ({ error: null, generation: s.generation + 1 }));

  override render(): ReactNode {
    const { error, generation } = this.state;
    if (error) {
      return (
        <div className="ltx-panel-error" role="alert" data-testid="panel-error">
          <p className="ltx-strong">The panel stopped drawing because of an unexpected problem.</p>
          <p>Jobs already started keep running and are kept in the job history. Reload the panel to carry on.</p>
          <p className="ltx-muted ltx-small">{error.message}</p>
          <button type="button" className="ltx-button ltx-cta" data-testid="panel-reload" onClick={this.reload}>
            Reload panel
          </button>
        </div>
      );
    }
    return <div key={generation} className="ltx-fill">{this.props.children}</div>;
  }
}
