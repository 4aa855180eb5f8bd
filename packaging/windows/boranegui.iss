; Inno Setup 6 script: per-user installer for the BoraneGUI one-folder bundle.
;
; Build the bundle first (on Windows, in the project's environment):
;     python packaging\build.py                    -> dist\boranegui\ (and runs the self-test)
; then compile this script (Inno Setup 6.3 or newer, https://jrsoftware.org/isinfo.php):
;     iscc /DAppVersion=0.1.0 packaging\windows\boranegui.iss
; The installer is written to dist\installer\BoraneGUI-<version>-setup.exe.
;
; No admin rights: PrivilegesRequired=lowest installs under %LOCALAPPDATA%\Programs and
; writes only HKEY_CURRENT_USER.  Users' data and logs are not in the install folder
; (they are under %LOCALAPPDATA%\BoraneGUI), so uninstalling keeps them.
;
; File association: Windows decides a file's type by its LAST extension only, so a
; "x.borane.yaml" file is a ".yaml" file to Explorer and a ".borane.yaml" key would never
; be read.  The installer therefore registers a ProgID for BoraneGUI run files and adds
; it to the "Open with" list of .yaml (OpenWithProgids), without taking .yaml away from
; the user's editor.  The optional task "yamldefault" makes BoraneGUI the default for
; .yaml files for users who have not chosen one (Windows 10/11 keep an explicit user
; choice, by design).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "BoraneGUI"
#define AppExe "boranegui.exe"
#define ProgId "BoraneGUI.Run.1"

[Setup]
AppId={{5C65A495-D2A4-4F24-ACE0-7FC3F25299D9}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=BoraneGUI developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\boranegui.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "yamldefault"; Description: "Open .yaml files with BoraneGUI when no other program is chosen"; GroupDescription: "File types:"; Flags: unchecked

[Files]
; The whole one-folder bundle: boranegui.exe (windowed), boranegui-cli.exe (console, for
; the command line and the self-test) and _internal\.
Source: "..\..\dist\boranegui\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Troubleshoot borane reductions of lactams"
Name: "{autoprograms}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\boranegui-cli.exe"" --self-test"; IconFilename: "{app}\{#AppExe}"; Comment: "Check that this copy of BoraneGUI works"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The run-file type (ProgID), opened by the app.
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "BoraneGUI run record"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; "Open with > BoraneGUI" for .yaml files (x.borane.yaml included).
Root: HKCU; Subkey: "Software\Classes\.yaml\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".yaml"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; Optional: the default for .yaml, only where the user has not set one.
Root: HKCU; Subkey: "Software\Classes\.yaml"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: yamldefault; Check: YamlHasNoHandler

[Code]
{ True when neither the user nor the machine names a program for .yaml files. }
function YamlHasNoHandler(): Boolean;
var
  Value: String;
begin
  Result := True;
  if RegQueryStringValue(HKCU, 'Software\Classes\.yaml', '', Value) and (Value <> '') then
    Result := False;
  if RegQueryStringValue(HKLM, 'Software\Classes\.yaml', '', Value) and (Value <> '') then
    Result := False;
end;

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
