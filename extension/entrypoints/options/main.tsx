import { render } from 'preact';
import { Options } from '../../options/options.tsx';
import '../../ui/base.css';
import { setDocumentLanguage } from '../../ui/document-language.ts';

setDocumentLanguage('options.title');
render(<Options />, document.getElementById('app')!);
