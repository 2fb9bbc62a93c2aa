# Restarts the kiosk after every exit (a fatal error exits non-zero on purpose).
$exe = 'C:\Program Files\Kiosk\kiosk.exe'
$log = Join-Path $env:ProgramData 'Kiosk\restarts.log'
New-Item -ItemType Directory -Force -Path (Split-Path $log) | Out-Null
while ($true) {
  $process = Start-Process -FilePath $exe -PassThru -Wait
  Add-Content -Path $log -Value "$(Get-Date -Format o) kiosk exited with $($process.ExitCode)"
  # A short pause keeps a kiosk that fails at start from spinning the CPU.
  Start-Sleep -Seconds 3
}
