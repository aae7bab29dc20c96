import { render } from 'preact';
import { OptOuts } from '../../opt-outs/opt-outs.tsx';
import '../../ui/base.css';
import { setDocumentLanguage } from '../../ui/document-language.ts';

setDocumentLanguage('optOuts.pageTitle');
render(<OptOuts />, document.getElementById('app')!);
