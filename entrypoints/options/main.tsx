import { mount } from '@/components/mount';
import { OptionsForm } from '@/components/OptionsForm';

void mount(() => <OptionsForm />);
