import { mount } from '@/components/mount';
import { WelcomePage } from '@/components/welcome/WelcomePage';
import '@/components/pages.css';

void mount(() => <WelcomePage />);
