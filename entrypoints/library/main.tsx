import { mount } from '@/components/mount';
import { LibraryApp } from '@/components/library/LibraryApp';
import '@/components/library/library.css';

performance.mark('library:start');
void mount(() => <LibraryApp />);
