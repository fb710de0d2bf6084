import { useStudio } from '../../state/studio';
import { ExampleMenu } from './ExampleMenu';

/**
 * "Open image": a styled <label> for a visually hidden file input, so the input itself keeps the focus,
 * the keyboard and the accessible name (the viewer also accepts drops). Beside it, the "Open example" menu.
 */
export function OpenControls() {
  const openFile = useStudio((s) => s.openFile);
  const loading = useStudio((s) => s.imageLoading);
  return (
    <section className="panel">
      <h2>Image</h2>
      <div className="row">
        <label className={`button file-button${loading ? ' disabled' : ''}`}>
          Open image
          <input
            type="file"
            className="visually-hidden"
            accept=".tif,.tiff,.png,.jpg,.jpeg,image/*"
            disabled={loading}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = ''; // choosing the same file again still fires change
              if (f) void openFile(f);
            }}
          />
        </label>
        <ExampleMenu />
      </div>
      <p className="hint">TIFF (8/16/32-bit), PNG or JPEG — or drop a file on the viewer.</p>
    </section>
  );
}
