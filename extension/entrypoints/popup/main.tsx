import { render } from 'preact';
import { Popup } from '../../popup/popup.tsx';
import '../../ui/base.css';
import { setDocumentLanguage } from '../../ui/document-language.ts';

setDocumentLanguage();
render(<Popup />, document.getElementById('app')!);
