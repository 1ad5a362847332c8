import { mount } from '@/components/mount';
import { SidePanelApp } from '@/components/App';

void mount(() => <SidePanelApp />);
