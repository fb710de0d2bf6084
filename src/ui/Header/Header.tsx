import { BackendBadge } from './BackendBadge';

export function Header() {
  return (
    <header className="app-header">
      <div className="brand">
        <h1>Segmentation Studio</h1>
        <span className="tagline">U-Net segmentation in your browser — nothing is uploaded</span>
      </div>
      <BackendBadge />
    </header>
  );
}
