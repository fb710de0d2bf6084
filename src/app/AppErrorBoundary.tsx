import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Catches render crashes and offers a reload instead of a blank page. */
export class AppErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Studio crashed while rendering', error, info.componentStack);
  }
  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="crash" role="alert">
        <h1>Something went wrong</h1>
        <p>The studio hit an unexpected error while drawing the page: {this.state.error.message}</p>
        <button type="button" onClick={() => window.location.reload()}>Reload the studio</button>
      </div>
    );
  }
}
