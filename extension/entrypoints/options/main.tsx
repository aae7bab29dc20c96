import { render } from 'preact';
import { Options } from '../../options/options.tsx';
import '../../ui/base.css';

render(<Options />, document.getElementById('app')!);
