// The application menu, in the user's language. Developer items only in development.
import { Menu, app, dialog, shell, type MenuItemConstructorOptions } from 'electron';
import type { Lang } from '../../shared/errors.js';

const L = {
  en: {
    file: 'File',
    openData: 'Open Data Folder',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    devtools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullscreen: 'Full Screen',
    window: 'Window',
    minimize: 'Minimize',
    close: 'Close',
    help: 'Help',
    about: 'About Tezgah',
    restart: (v: string) => `Restart to Update (${v})`,
    aboutText: (v: string) => `Tezgah ${v}\nCAD/CAM workbench on FreeCAD 1.1`,
  },
  tr: {
    file: 'Dosya',
    openData: 'Veri Klasörünü Aç',
    quit: 'Çık',
    edit: 'Düzen',
    undo: 'Geri Al',
    redo: 'Yinele',
    cut: 'Kes',
    copy: 'Kopyala',
    paste: 'Yapıştır',
    selectAll: 'Tümünü Seç',
    view: 'Görünüm',
    reload: 'Yeniden Yükle',
    devtools: 'Geliştirici Araçları',
    resetZoom: 'Gerçek Boyut',
    zoomIn: 'Yakınlaştır',
    zoomOut: 'Uzaklaştır',
    fullscreen: 'Tam Ekran',
    window: 'Pencere',
    minimize: 'Simge Durumuna Küçült',
    close: 'Kapat',
    help: 'Yardım',
    about: 'Tezgah Hakkında',
    restart: (v: string) => `Güncellemek İçin Yeniden Başlat (${v})`,
    aboutText: (v: string) => `Tezgah ${v}\nFreeCAD 1.1 üzerinde CAD/CAM tezgahı`,
  },
};

export interface MenuState {
  lang: Lang;
  dev: boolean;
  dataDir: string;
  /** version of a downloaded update, when one is ready */
  updateReady: string | null;
  restartToUpdate: () => void;
}

export function applyMenu(s: MenuState): void {
  const t = L[s.lang];
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: t.file,
      submenu: [{ label: t.openData, click: () => void shell.openPath(s.dataDir) }, { type: 'separator' }, { role: 'quit', label: t.quit }],
    },
    {
      label: t.edit,
      submenu: [
        { role: 'undo', label: t.undo },
        { role: 'redo', label: t.redo },
        { type: 'separator' },
        { role: 'cut', label: t.cut },
        { role: 'copy', label: t.copy },
        { role: 'paste', label: t.paste },
        { role: 'selectAll', label: t.selectAll },
      ],
    },
    {
      label: t.view,
      submenu: [
        ...(s.dev
          ? [
              { role: 'reload' as const, label: t.reload },
              { role: 'toggleDevTools' as const, label: t.devtools },
              { type: 'separator' as const },
            ]
          : []),
        { role: 'resetZoom', label: t.resetZoom },
        { role: 'zoomIn', label: t.zoomIn },
        { role: 'zoomOut', label: t.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t.fullscreen },
      ],
    },
    {
      label: t.window,
      submenu: [
        { role: 'minimize', label: t.minimize },
        { role: 'close', label: t.close },
      ],
    },
    {
      label: t.help,
      submenu: [
        ...(s.updateReady ? [{ label: t.restart(s.updateReady), click: s.restartToUpdate }, { type: 'separator' as const }] : []),
        {
          label: t.about,
          click: () => void dialog.showMessageBox({ type: 'info', title: t.about, message: t.aboutText(app.getVersion()) }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
