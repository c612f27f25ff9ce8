from facttrack.cli import main

main()
