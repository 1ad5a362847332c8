import { mount } from '@/components/mount';
import { PopupApp } from '@/components/App';

void mount(() => <PopupApp />);
