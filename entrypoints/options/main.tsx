import { mount } from '@/components/mount';
import { OptionsForm } from '@/components/OptionsForm';
import '@/components/pages.css';

void mount(() => <OptionsForm />);
