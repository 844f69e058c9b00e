from dossier.cli.main import main

main()
