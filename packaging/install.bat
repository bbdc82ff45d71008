@echo off
rem 庭审助手 HearingDesk：从本文件夹离线安装（不需要联网）。
rem   install.bat [安装位置]     默认安装到 %LOCALAPPDATA%\HearingDesk-app
rem 需要 Python @PY_VERSION@（python.org 的安装程序，带 py 启动器）。
rem 再次运行即为升级：程序被替换，数据目录不动，数据库在下次启动时自动备份并升级。
chcp 65001 >nul
setlocal
set "HERE=%~dp0"
set "TARGET=%~1"
if "%TARGET%"=="" set "TARGET=%LOCALAPPDATA%\HearingDesk-app"

if not exist "%TARGET%\Scripts\python.exe" (
  py -@PY_VERSION@ -m venv "%TARGET%"
  if errorlevel 1 (
    echo 错误：需要 Python @PY_VERSION@（本安装包只含 Python @PY_VERSION@ 的组件）。没有 Python 时请直接使用 U 盘上的程序文件夹。
    exit /b 2
  )
)
"%TARGET%\Scripts\python.exe" -m pip install --no-index --find-links "%HERE%." --upgrade hearingdesk
if errorlevel 1 exit /b 1
"%TARGET%\Scripts\hearingdesk.exe" db upgrade
if errorlevel 1 exit /b 1

if exist "%HERE%..\models\*" (
  "%TARGET%\Scripts\hearingdesk.exe" models install "%HERE%..\models"
)
echo.
echo 安装完成。启动：%TARGET%\Scripts\hearingdesk.exe
endlocal
