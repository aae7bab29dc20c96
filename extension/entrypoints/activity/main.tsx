import { render } from 'preact';
import { Activity } from '../../activity/activity.tsx';
import '../../ui/base.css';
import { setDocumentLanguage } from '../../ui/document-language.ts';

setDocumentLanguage('activity.pageTitle');
render(<Activity />, document.getElementById('app')!);
