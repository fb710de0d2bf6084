import { useStudio } from '../../state/studio';
import { FileButton } from '../common/FileButton';
import { ExampleMenu } from './ExampleMenu';

/**
 * "Open image" (the viewer also accepts drops) and, beside it, the "Open example" menu.
 */
export function OpenControls() {
  const openFile = useStudio((s) => s.openFile);
  const loading = useStudio((s) => s.imageLoading);
  return (
    <section className="panel">
      <h2>Image</h2>
      <div className="row">
        <FileButton label="Open image" accept=".tif,.tiff,.png,.jpg,.jpeg,image/*" disabled={loading}
          onFile={(f) => void openFile(f)} />
        <ExampleMenu />
      </div>
      <p className="hint">TIFF (8/16/32-bit), PNG or JPEG — or drop a file on the viewer.</p>
    </section>
  );
}
