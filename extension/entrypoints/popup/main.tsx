import { render } from 'preact';
import { Popup } from '../../popup/popup.tsx';
import '../../ui/base.css';

render(<Popup />, document.getElementById('app')!);
