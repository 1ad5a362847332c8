import { render } from 'preact';
import { OptionsForm } from '@/components/OptionsForm';
import '@/components/styles.css';

render(<OptionsForm />, document.getElementById('root')!);
