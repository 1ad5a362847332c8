import { mount } from '@/components/mount';
import { LibraryApp } from '@/components/library/LibraryApp';
import { prefetchLibrary } from '@/components/library/use-library';
import '@/components/library/library.css';

performance.mark('library:start');
prefetchLibrary();
void mount(() => <LibraryApp />);
