from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from app.ui.i18n import SETTING_KEY, choose_language
from app.ui.language_menu import language_menu


def test_choosing_a_language_is_kept_for_the_next_start(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "k.ini"), QSettings.Format.IniFormat)
    parent = QWidget()
    qtbot.addWidget(parent)
    said: list[str] = []
    menu = language_menu(parent, settings, said.append)
    actions = {a.data(): a for a in menu.actions()}
    assert actions[""].isChecked()  # nothing chosen yet: the system's language

    actions["ja"].trigger()
    assert settings.value(SETTING_KEY) == "ja" and actions["ja"].isChecked()
    assert choose_language(None, QSettings(str(tmp_path / "k.ini"),
                                           QSettings.Format.IniFormat)) == "ja"
    assert said == ["The new language is used from the next start of Kizuna."]

    actions[""].trigger()
    assert settings.value(SETTING_KEY) is None
    again = language_menu(parent, settings, said.append)
    assert [a.isChecked() for a in again.actions()] == [True, False, False]
