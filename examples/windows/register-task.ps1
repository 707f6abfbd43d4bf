#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Registers the scheduled task that runs `mbn-ad-sync sync` every 15 minutes under a gMSA.

.DESCRIPTION
    docs/scheduling.md explains it. The task runs the single executable (or node with the package's
    bin\mbn-ad-sync.js) in $InstallDir, with --quiet, writes the JSON report of the last run, and appends
    everything it prints to a log file. A run still going when the next is due is not started twice
    (MultipleInstances IgnoreNew). The task's "Last Run Result" is the exit code, shown in hex by Task
    Scheduler: 0x0 done, 0x3 a guard stopped the run, 0x4 some writes failed, 0x5 another run holds the lock,
    0x40 usage error, 0x41 unusable input data, 0x45 LDAP or MBN unreachable or refusing, 0x4E configuration
    error, 0x82 interrupted, 0x1 a bug.

    Before running it: the gMSA exists and this computer may use it (Install-ADServiceAccount), and it holds
    "Log on as a batch job"; $InstallDir holds mbn-ad-sync.yaml, whose secrets are files (bindPasswordFile,
    clientSecretFile, passwordFile) under $InstallDir\credentials. This script gives the gMSA read access to
    $InstallDir and write access to its state and log folders, and nothing else.

.EXAMPLE
    .\register-task.ps1 -Gmsa 'CORP\svc-mbnsync$' -InstallDir 'C:\mbn-ad-sync'
#>
[CmdletBinding()]
param(
    [string] $TaskName = 'mbn-ad-sync',
    # The group managed service account, DOMAIN\name$ (the trailing $ is part of the name).
    [Parameter(Mandatory = $true)]
    [ValidatePattern('^[^\\]+\\[^\\]+\$$')]
    [string] $Gmsa,
    [string] $InstallDir = 'C:\mbn-ad-sync',
    # The single executable; for a Node.js install, 'C:\Program Files\nodejs\node.exe' with -Script.
    [string] $Executable = 'C:\mbn-ad-sync\mbn-ad-sync-win-x64.exe',
    # With node.exe as $Executable: the package's bin\mbn-ad-sync.js.
    [string] $Script = '',
    [int] $IntervalMinutes = 15
)

$ErrorActionPreference = 'Stop'

$config = Join-Path $InstallDir 'mbn-ad-sync.yaml'
$stateDir = Join-Path $InstallDir 'state'
$logDir = Join-Path $InstallDir 'logs'
$log = Join-Path $logDir 'sync.log'
$report = Join-Path $logDir 'last-report.json'

foreach ($file in @($config, $Executable)) {
    if (-not (Test-Path -LiteralPath $file -PathType Leaf)) { throw "register-task: $file not found" }
}
foreach ($dir in @($stateDir, $logDir)) {
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
}

# Read (and run) the install folder; modify only the state and logs. /inheritance:r on the state folder keeps
# the MBN mirror and audit log away from other local users.
function Grant-FolderAccess([string] $Path, [string[]] $Arguments) {
    & icacls.exe $Path @Arguments | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "register-task: icacls $Path $Arguments failed ($LASTEXITCODE)" }
}
Grant-FolderAccess $InstallDir @('/grant', "${Gmsa}:(OI)(CI)RX")
Grant-FolderAccess $stateDir @('/inheritance:r', '/grant:r', "${Gmsa}:(OI)(CI)M", 'BUILTIN\Administrators:(OI)(CI)F', 'NT AUTHORITY\SYSTEM:(OI)(CI)F')
Grant-FolderAccess $logDir @('/grant', "${Gmsa}:(OI)(CI)M")

# Task Scheduler cannot redirect output itself: cmd.exe appends stdout and stderr to the log, and its exit
# code is the sync's. The configuration's state.dir should be $stateDir (e.g. state: { dir: ./state }).
$program = if ($Script) { '"{0}" "{1}"' -f $Executable, $Script } else { '"{0}"' -f $Executable }
$command = '{0} sync --quiet --config "{1}" --report "{2}" >> "{3}" 2>&1' -f $program, $config, $report, $log
$action = New-ScheduledTaskAction -Execute "$env:SystemRoot\System32\cmd.exe" -Argument "/d /s /c `"$command`"" `
    -WorkingDirectory $InstallDir

# From now on, every $IntervalMinutes minutes, indefinitely (no -RepetitionDuration).
$trigger = New-ScheduledTaskTrigger -Once -At (Get-Date) -RepetitionInterval (New-TimeSpan -Minutes $IntervalMinutes)

# LogonType Password with a name ending in $ is how Task Scheduler takes a gMSA: Windows fetches its password.
$principal = New-ScheduledTaskPrincipal -UserId $Gmsa -LogonType Password -RunLevel Limited

# A generous limit: a run stopped at it (exit 130 is not given then; the process is killed) loses nothing, the
# next run converges.
$settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew -StartWhenAvailable `
    -ExecutionTimeLimit (New-TimeSpan -Hours 1) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries

Register-ScheduledTask -TaskName $TaskName -TaskPath '\mbn-ad-sync\' -Action $action -Trigger $trigger `
    -Principal $principal -Settings $settings -Force `
    -Description 'Syncs Active Directory users into Telenor MBN contacts (mbn-ad-sync). See docs/scheduling.md.' |
    Out-Null

Write-Output "Registered \mbn-ad-sync\$TaskName as $Gmsa, every $IntervalMinutes minutes; log: $log"
Write-Output "Try it now: Start-ScheduledTask -TaskPath '\mbn-ad-sync\' -TaskName '$TaskName'"
